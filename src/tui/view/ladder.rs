//! The ladder: client left, server right, one arrow per packet with both ends' states beside
//! it; the current step highlighted, events marked with `•`, the lab's socket calls on a line
//! of their own under the side that made them.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::layout::{self, LadderAreas};
use super::{Theme, fit, footer, right};
use crate::annotate::lang::Lang;
use crate::annotate::text::display_width;
use crate::annotate::verdict;
use crate::annotate::words::{AnalysisShort, EndpointLabel, UdpLabel, role_word, step_label};
use crate::decode::TcpFlags;
use crate::track::{Dir, HandshakeVerdict, Proto, TeardownVerdict};
use crate::tui::app::App;
use crate::tui::model::{ConvSummary, ConvView, KernelStates, Row, RowKind};

/// Columns before the arrow besides the frame number: mark (1), space, delta (9), space,
/// state (12), space.
const LEFT: usize = 25;
/// The frame column is at least this wide, wider when the conversation's last frame number
/// needs it (a capture of 100,000 frames and more).
const FRAME_MIN: usize = 5;
/// After the arrow: space, state (12).
const RIGHT: usize = 13;

fn arrow(label: &str, dir: Dir, width: usize) -> String {
    let label = fit(label, width.saturating_sub(6)).trim_end().to_owned();
    let fill = width.saturating_sub(display_width(&label) + 5);
    match dir {
        Dir::C2S => format!("──{label} {}▶", "─".repeat(fill + 1)),
        Dir::S2C => format!("◀{} {label}──", "─".repeat(fill + 1)),
    }
}

/// A short note for wide screens: the step, or the findings.
fn note(row: &Row, lang: Lang) -> String {
    match &row.kind {
        RowKind::Tcp(t) => {
            let mut parts: Vec<String> = t.step.iter().map(|s| step_label(lang, s)).collect();
            parts.extend(row.analysis().iter().map(|a| AnalysisShort(a).to_string()));
            parts.join("; ")
        }
        RowKind::Udp { step, .. } => UdpLabel(*step).to_string(),
        RowKind::IcmpError { .. } => lang.text("tui-note-icmp-error", &[]),
        RowKind::IcmpEcho { request: true, .. } => lang.text("tui-note-echo-request", &[]),
        RowKind::IcmpEcho { .. } => lang.text("tui-note-echo-reply", &[]),
    }
}

/// What the ladder shows of the conversation as a whole: still growing, or how it went
/// once the input has no more packets for it (`ended`).
/// The table cells' words say who in parentheses ("abort (client RST)"); the title keeps
/// the word before them, as in English, and a language that writes them otherwise whole.
fn status(c: &ConvSummary, ended: bool, lang: Lang) -> String {
    let short = |v: String| v.split(" (").next().unwrap_or(&v).to_owned();
    let t = |id: &str| lang.text(id, &[]);
    match c.proto {
        Proto::Udp if ended => t("tui-status-udp-ended"),
        Proto::Udp => t("tui-status-udp"),
        Proto::IcmpEcho => t("tui-status-echo"),
        Proto::Tcp if !ended => t("tui-status-open"),
        Proto::Tcp => {
            let (hs, td) = (c.handshake_verdict(), c.teardown_verdict());
            let state = c.conn_state().to_string();
            let hs = verdict::handshake_cell(lang, hs);
            if c.handshake_verdict() == HandshakeVerdict::Refused {
                lang.text("tui-status-refused", &[("state", &state)])
            } else if td == TeardownVerdict::Open {
                lang.text("tui-status-open-at-end", &[("handshake", hs)])
            } else {
                let td = short(verdict::teardown_cell(lang, td).to_string());
                lang.text("tui-status-closed", &[("handshake", hs), ("teardown", &td)])
            }
        }
    }
}

pub fn draw(frame: &mut Frame<'_>, a: &LadderAreas, app: &App, theme: &Theme) {
    let Some(v) = app.current() else { return };
    let c = &v.conv;
    frame.render_widget(Paragraph::new(title(app, v, theme)), a.title);
    let cols = Columns::of(v, usize::from(a.ladder.width.saturating_sub(2)));
    let lang = app.lang;
    let t = |id: &str| lang.text(id, &[]);
    let head = format!(
        "{}  {} {} {:width$} {}",
        right(&t("tui-col-frame"), cols.frame),
        fit(&t("tui-col-delta"), 9),
        fit(&t("tui-col-client"), 12),
        "",
        t("tui-col-server"),
        width = cols.arrow
    );
    let mut lines = vec![Line::from(Span::styled(head, theme.header))];
    let mut room = layout::body_lines(a.ladder, 1);
    let mut prev = app
        .ladder
        .top
        .checked_sub(1)
        .and_then(|p| v.row(p))
        .map(|r| r.ts);
    for (i, row) in (app.ladder.top..).zip(v.rows_from(app.ladder.top)) {
        if room == 0 || i >= app.shown_rows() {
            break;
        }
        let prev = prev.replace(row.ts).unwrap_or(row.ts);
        let base = if i == app.ladder.step {
            theme.selected
        } else {
            Style::new()
        };
        // The data's first bytes lead the note, when there is a note column to put them in.
        let data = if cols.note > 2 {
            app.data_preview(&row, cols.note - 1)
        } else {
            String::new()
        };
        let note = if cols.note > 2 {
            note(&row, lang)
        } else {
            String::new()
        };
        lines.push(row_line(
            &row,
            c,
            prev,
            base,
            &cols,
            (&data, &note),
            (lang, theme),
        ));
        room -= 1;
        if !row.calls().is_empty() && room > 0 {
            lines.push(calls_line(&row, &cols, (lang, theme)));
            room -= 1;
        }
        if let Some(k) = row.kernel().filter(|_| room > 0) {
            lines.push(kernel_line(k, &cols, (lang, theme)));
            room -= 1;
        }
    }
    let irtt = c
        .tcp_totals
        .as_ref()
        .and_then(|t| t.irtt)
        .map(|d| {
            let rtt = lang.text("tui-ladder-irtt", &[("seconds", &d.to_string())]);
            format!(" · {rtt}")
        })
        .unwrap_or_default();
    // A running quiz does not tell how the conversation ends (nor its initial RTT).
    let (status, irtt) = if app.quiz_hides_answers() {
        (lang.text("tui-ladder-quiz", &[]), String::new())
    } else {
        (status(c, v.ended || app.progress.done, lang), irtt)
    };
    let block = Block::bordered().title(format!(
        " {}{irtt} ",
        lang.text("tui-ladder-title", &[("status", &status)])
    ));
    frame.render_widget(Paragraph::new(lines).block(block), a.ladder);
    footer(
        frame,
        a.footer,
        app,
        theme,
        &[
            ("→←", "tui-hint-step"),
            ("n/N", "tui-hint-event"),
            ("g/G", "tui-hint-first-last"),
            ("Tab", "tui-hint-pane"),
            ("f", "tui-hint-follow"),
            ("Esc", "tui-hint-back"),
            ("?", "tui-hint-help"),
        ],
    );
}

/// "conversation N tcp CLIENT ⇄ SERVER · SF · step 3/7"; in a running quiz without the
/// state and the count, which would give the ending away (and leave the score room).
fn title<'t>(app: &App, v: &ConvView, theme: &Theme) -> Line<'t> {
    let c = &v.conv;
    let lang = app.lang;
    let id = c.id.to_string();
    let step = (app.ladder.step + 1).to_string();
    let count = v.len().to_string();
    let quiz = app.quiz_hides_answers();
    let step = match quiz {
        false => lang.text("tui-ladder-step", &[("step", &step), ("count", &count)]),
        true => lang.text("tui-ladder-step-quiz", &[("step", &step)]),
    };
    let state = match quiz {
        false => format!(" · {}", c.conn_state()),
        true => String::new(),
    };
    Line::from(vec![
        Span::styled(
            format!("{} ", lang.text("tui-conversation-id", &[("id", &id)])),
            theme.title,
        ),
        Span::raw(format!(
            "{} {} ⇄ {}{state} · {step}",
            c.proto.name(),
            EndpointLabel(c.proto, &c.client),
            EndpointLabel(c.proto, &c.server),
        )),
    ])
}

/// The widths of the ladder's columns in a pane `inner` columns wide.
struct Columns {
    inner: usize,
    /// The frame number.
    frame: usize,
    /// Everything left of the arrow.
    left: usize,
    arrow: usize,
    /// The note after the server's state (0 or less than 3: none).
    note: usize,
}

impl Columns {
    fn of(v: &ConvView, inner: usize) -> Columns {
        let frame = v
            .len()
            .checked_sub(1)
            .and_then(|last| v.row(last))
            .map_or(FRAME_MIN, |r| r.frame.to_string().len().max(FRAME_MIN));
        let left = LEFT + frame;
        let arrow = inner.saturating_sub(left + RIGHT).clamp(16, 40);
        Columns {
            inner,
            frame,
            left,
            arrow,
            note: inner.saturating_sub(left + arrow + RIGHT + 1),
        }
    }
}

/// One packet: frame, event mark, delta, the client's state, the arrow, the server's state
/// (a state the packet changed highlighted) and, when there is room, the note: the data's
/// preview (`data`, already cut to fit) and the step (`note`).
fn row_line<'l>(
    row: &Row,
    c: &ConvSummary,
    prev: crate::capture::Timestamp,
    base: Style,
    cols: &Columns,
    (data, note): (&str, &str),
    (lang, theme): (Lang, &Theme),
) -> Line<'l> {
    let delta = format!("+{}", row.ts.since(prev));
    let (states, changed) = match &row.kind {
        RowKind::Tcp(t) => {
            // The server's state before its first answer, as the answer proved it.
            let (before, after) = (c.known_server(t.before[1]), c.known_server(t.after[1]));
            (
                [t.after[0].name(), after.name()],
                [t.before[0] != t.after[0], before != after],
            )
        }
        _ => (["", ""], [false, false]),
    };
    let state_style = |k: usize| {
        if changed[k] {
            base.patch(theme.changed)
        } else {
            base
        }
    };
    let flag_style = match &row.kind {
        RowKind::Tcp(t) if t.flags.has(TcpFlags::RST) => theme.rst,
        RowKind::Tcp(t) if t.flags.has(TcpFlags::SYN) => theme.syn,
        RowKind::Tcp(t) if t.flags.has(TcpFlags::FIN) => theme.fin,
        _ => Style::new(),
    };
    let mark = if row.is_event() { "•" } else { " " };
    let mut spans = vec![
        Span::styled(format!("{:>fw$}", row.frame, fw = cols.frame), base),
        Span::styled(mark, base.patch(theme.event)),
        Span::styled(format!(" {:>9} ", fit(&delta, 9).trim_end()), base),
        Span::styled(fit(states[0], 12), state_style(0)),
        Span::styled(" ", base),
        Span::styled(
            arrow(&row.arrow_label(lang), row.dir, cols.arrow),
            base.patch(flag_style),
        ),
        Span::styled(" ", base),
        Span::styled(fit(states[1], 12), state_style(1)),
    ];
    if cols.note > 2 {
        let mut room = cols.note;
        if !data.is_empty() {
            spans.push(Span::styled(format!(" {data}"), base));
            room = room.saturating_sub(display_width(data) + 1);
        }
        if room > 2 {
            spans.push(Span::styled(
                format!(" {}", fit(note, room)),
                base.patch(theme.dim),
            ));
        } else {
            // Blank to the edge, so a selected row is highlighted across the pane.
            spans.push(Span::styled(" ".repeat(room), base));
        }
    }
    Line::from(spans)
}

/// The kernel's own states after the packet (`lab --tui --kernel-states`), each under the
/// ladder's inferred state of the same endpoint, marked where the two differ.
fn kernel_line<'l>(k: &KernelStates, cols: &Columns, (lang, theme): (Lang, &Theme)) -> Line<'l> {
    let cell = |i: usize| match k.states[i] {
        None => Span::raw(" ".repeat(12)),
        Some((state, differs)) => {
            let style = if differs { theme.error } else { theme.dim };
            Span::styled(fit(state.name(), 12), style)
        }
    };
    // The head centred in the arrow's columns, by display width (the Chinese head is wide).
    let head = fit(&lang.text("kernel-column", &[]), cols.arrow);
    let pad = cols.arrow.saturating_sub(display_width(&head));
    let head = format!(" {:l$}{head}{:r$} ", "", "", l = pad / 2, r = pad - pad / 2);
    Line::from(vec![
        Span::raw(" ".repeat(cols.frame + 12)),
        cell(0),
        Span::styled(head, theme.dim),
        cell(1),
    ])
}

/// The lab's socket calls behind a packet, under the side that made them.
fn calls_line<'l>(row: &Row, cols: &Columns, (lang, theme): (Lang, &Theme)) -> Line<'l> {
    let side = role_word(lang, row.dir.sender());
    let calls = format!("{side}: {}", row.calls().join(", "));
    let text = match row.dir {
        Dir::C2S => {
            let pad = cols.frame + 12;
            format!("{:pad$}{}", "", fit(&calls, cols.inner.saturating_sub(pad)))
        }
        Dir::S2C => format!(
            "{:pad$}{}",
            "",
            fit(&calls, 12 + cols.note),
            pad = cols.left + cols.arrow + 1
        ),
    };
    Line::from(Span::styled(text, theme.event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::TcpState;

    fn columns() -> Columns {
        Columns {
            inner: 100,
            frame: 5,
            left: 30,
            arrow: 40,
            note: 16,
        }
    }

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// The kernel's states start in the state columns of the row above (frame, mark and
    /// delta before them), a differing one in the error style, a missing one as blanks.
    #[test]
    fn kernel_states_sit_under_the_state_columns_and_differences_stand_out() {
        let theme = Theme::new(true);
        let k = KernelStates {
            states: [
                Some((TcpState::Established, false)),
                Some((TcpState::SynReceived, true)),
            ],
            differences: vec![],
        };
        let line = kernel_line(&k, &columns(), (Lang::En, &theme));
        let t = text(&line);
        assert_eq!(t.find("ESTABLISHED"), Some(5 + 12));
        assert_eq!(t.find("SYN-RECEIVED"), Some(5 + 12 + 12 + 42));
        assert!(t.contains("kernel"));
        assert_eq!(line.spans[1].style, theme.dim);
        assert_eq!(line.spans[3].style, theme.error);
        let none = KernelStates {
            states: [None, Some((TcpState::Listen, false))],
            differences: vec![],
        };
        let t = text(&kernel_line(&none, &columns(), (Lang::Zh, &theme)));
        // By display columns: the Chinese head takes two per character.
        let at = t.find("LISTEN").unwrap();
        assert_eq!(display_width(&t[..at]), 5 + 12 + 12 + 42, "{t}");
    }
}
