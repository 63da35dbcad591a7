//! The TUI in Simplified Chinese (`--lang zh`): its screens at 80×24 and 120×40 rendered to
//! ratatui's TestBackend from an app driven by actions on tcp-echo.pcap (insta snapshots),
//! laid out by display width (a CJK character takes two columns: nothing pushed past the
//! edge, the right-aligned columns still at the edge), and free of English words of the
//! TUI's own. The words the TUI shows from annotate/ (step explanations, port, address and
//! window notes, verdicts, the packet pane's fields) are translated there, not here: this
//! test asks annotate/ for them in English and allows their words, so it pins only the
//! TUI's own text.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;
use wirelab::annotate::lang::Lang;
use wirelab::annotate::verdict;
use wirelab::annotate::words::{self, AnalysisLabel, AnalysisShort, step_explanation};
use wirelab::tui::action::Action;
use wirelab::tui::app::{App, Screen};
use wirelab::tui::view::{self, Theme, layout};

fn app(lang: Lang, size: (u16, u16), actions: Vec<Action>) -> App {
    let mut app = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    // The title would otherwise hold this machine's path to the repository.
    app.title = "captures/tcp-echo.pcap".into();
    app.lang = lang;
    app.update(Action::Resize(size.0, size.1));
    for a in actions {
        app.update(a);
    }
    app
}

fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    terminal
}

/// The screen's lines as a person sees them: a wide character once, not its blank second
/// cell; the cells inside `skip` left out.
fn lines(buffer: &Buffer, skip: Option<Rect>) -> Vec<String> {
    lines_where(buffer, |x, y| {
        !skip.is_some_and(|r| layout::contains(r, x, y))
    })
}

/// The screen's lines, only the cells `keep` keeps.
fn lines_where(buffer: &Buffer, keep: impl Fn(u16, u16) -> bool) -> Vec<String> {
    let area = buffer.area;
    (area.y..area.y + area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = area.x;
            while x < area.x + area.width {
                let cell = &buffer[(x, y)];
                let width = cell.symbol().width().max(1) as u16;
                if keep(x, y) {
                    line.push_str(cell.symbol());
                }
                x += width;
            }
            line
        })
        .collect()
}

/// The screens this file looks at, by name, with the actions that reach them.
fn screens() -> Vec<(&'static str, Vec<Action>)> {
    vec![
        ("conversations", vec![]),
        // The SYN-ACK: handshake 2/3, the explanation pane (and at 120×40 the packet pane).
        ("ladder_explanation", vec![Action::Open, Action::Step(true)]),
        // The data segment: the sentences of tui/explain.rs rather than a step's.
        (
            "ladder_data",
            vec![
                Action::Open,
                Action::Step(true),
                Action::Step(true),
                Action::Step(true),
            ],
        ),
        ("help", vec![Action::Open, Action::ToggleHelp]),
        ("packets", vec![Action::Packets, Action::Move(2)]),
        ("packets_help", vec![Action::Packets, Action::ToggleHelp]),
        ("follow", vec![Action::Follow]),
    ]
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn chinese_screens_at_80x24_and_120x40() {
    for (w, h) in SIZES {
        for (name, actions) in screens() {
            let app = app(Lang::Zh, (w, h), actions);
            let shown = render(&app).backend().to_string();
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), shown);
        }
    }
}

/// Every line is exactly the terminal's width in display columns (no wide character cut
/// or pushed past the edge), and what is aligned to the right edge is still there.
#[test]
fn chinese_lines_fit_the_terminal_by_display_width() {
    for (w, h) in SIZES {
        for (name, actions) in screens() {
            let app = app(Lang::Zh, (w, h), actions);
            let terminal = render(&app);
            let rows = lines(terminal.backend().buffer(), None);
            assert_eq!(rows.len(), usize::from(h));
            for (y, row) in rows.iter().enumerate() {
                assert_eq!(
                    row.width(),
                    usize::from(w),
                    "{name} {w}x{h}, line {y}: {row:?}"
                );
            }
            if app.help {
                // The popup's borders whole, the left one too, beside Chinese text under it.
                let popup = help_popup(&app, terminal.backend().buffer());
                let popup = popup.unwrap_or_else(|| panic!("{name} {w}x{h}: no popup"));
                let buffer = terminal.backend().buffer();
                for y in popup.top()..popup.bottom() {
                    let left = buffer[(popup.x, y)].symbol();
                    assert!(["┌", "│", "└"].contains(&left), "{name} {w}x{h} line {y}");
                }
            }
            if name == "conversations" {
                // The packets column is right-aligned against the border, its name too.
                let edge = |r: &str| r.trim_end_matches('│').trim_end().width();
                assert!(rows[2].contains("包 客/服"), "{:?}", rows[2]);
                assert_eq!(edge(&rows[2]), edge(&rows[3]), "{:?}", rows[2]);
                assert!(rows[3].trim_end_matches('│').trim_end().ends_with("6/5"));
                // Nothing cut: the client's port class is whole.
                assert!(rows[3].contains("127.0.0.1:43250 (reg)"), "{:?}", rows[3]);
                assert!(rows[3].contains(" 完整 "), "{:?}", rows[3]);
                assert!(rows[h as usize - 1].contains("q 退出"));
            }
            if name == "ladder_explanation" {
                // The server's state column after the arrow, in its place in both sizes.
                let syn = rows.iter().find(|r| r.contains("──SYN seq=0")).unwrap();
                assert!(syn.contains("▶ LISTEN"), "{syn:?}");
                assert!(
                    rows.iter()
                        .any(|r| r.contains("握手 2/3：服务端回复 SYN-ACK"))
                );
            }
        }
    }
}

/// The Chinese column names sit over their columns: each starts where the first row's
/// value under it starts, counted in display columns.
#[test]
fn chinese_column_names_sit_over_their_columns() {
    for (w, h) in SIZES {
        let app = app(Lang::Zh, (w, h), vec![]);
        let rows = lines(render(&app).backend().buffer(), None);
        let column = |row: &str, word: &str| {
            let i = row
                .find(word)
                .unwrap_or_else(|| panic!("{word} in {row:?}"));
            row[..i].width()
        };
        for (name, value) in [
            ("客户端", "127.0.0.1:43250"),
            ("服务端", "127.0.0.1:8001"),
            ("状态", "SF"),
            ("握手", "完整"),
        ] {
            assert_eq!(
                column(&rows[2], name),
                column(&rows[3], value),
                "{name} at {w}x{h}:\n{}\n{}",
                rows[2],
                rows[3]
            );
        }
    }
}

/// What annotate/ says about the app's packets and conversations, in English (its own
/// translation is another piece of work): these words may be on the Chinese screens.
fn annotate_text(app: &App) -> String {
    let mut text = Vec::new();
    for v in &app.convs {
        let c = &v.conv;
        text.push(verdict::teardown(c.teardown_verdict()).to_owned());
        text.push(verdict::handshake(c.handshake_verdict()).to_owned());
        if let Some(t) = &c.tcp_totals {
            let mut f = Vec::new();
            words::findings_totals(wirelab::annotate::lang::Lang::En, &t.stats.counts, &mut f);
            text.push(String::from_utf8_lossy(&f).into_owned());
        }
        for row in v.rows() {
            // The data's first bytes, as the ladder previews them.
            text.push(app.data_preview(&row, 200));
            if let Some(t) = row.tcp() {
                text.extend(
                    t.step
                        .iter()
                        .map(|s| step_explanation(wirelab::annotate::lang::Lang::En, s).to_owned()),
                );
            }
            for a in row.analysis() {
                text.push(AnalysisLabel(a).to_string());
                text.push(AnalysisShort(a).to_string());
            }
        }
    }
    // The packet list's lines are `read`'s lines; the follow pane's turn marks `read --follow`'s.
    text.extend(app.packets.shown.iter().map(|(_, l)| l.clone()));
    if let Some(f) = &app.follow {
        text.extend(f.lines.iter().map(|l| l.text.clone()));
    }
    text.join("\n")
}

/// ASCII a Chinese screen of the TUI's own may show: the capture's name, flags, RFC state
/// spellings, protocol and field names as the wire has them, key names, units.
const ALLOW: &[&str] = &[
    // The title: the program and the capture's file name.
    "wirelab",
    "captures",
    "tcp",
    "echo",
    "pcap", //
    // IANA service names in the list's name column are data, as /etc/services spells them.
    "vcom",
    "tunnel", //
    // The parts of RFC 9293's state spellings (SYN-SENT, TIME-WAIT) that the words every view
    // may keep (common::ALWAYS_ALLOWED_WORDS, flags and protocols with them) lack.
    "SENT",
    "RECEIVED",
    "WAIT",
    "CLOSE",
    "LAST",
    "TIME", //
    // Protocols, registries, measures, Zeek's conn_state and the port classes.
    "IPv",
    "IANA",
    "ISN",
    "RFC",
    "SF",
    "wk",
    "reg",
    "dyn", //
    // Keys.
    "Enter",
    "Esc",
    "Tab",
    "Backspace",
    "PgUp",
    "PgDn",
    "Ctrl",
    "space",
    "mouse",
];

/// `text` without the word a column cut (the letters before a `…`): "se…" is "seq=…" cut,
/// and its whole is what the allow list knows.
fn uncut(text: &str) -> String {
    let mut out = String::new();
    for piece in text.split_inclusive('…') {
        match piece.strip_suffix('…') {
            Some(head) => out.push_str(head.trim_end_matches(|c: char| c.is_ascii_alphabetic())),
            None => out.push_str(piece),
        }
    }
    out
}

/// Where the help popup is, when it is open: 76 columns wide, from its top border (its
/// title) to its bottom border.
fn help_popup(app: &App, buffer: &Buffer) -> Option<Rect> {
    if !app.help {
        return None;
    }
    let rows = lines_where(buffer, |_, _| true);
    let top = rows.iter().position(|r| r.contains("┌ 按键"))?;
    let x = rows[top][..rows[top].find("┌ 按键")?].width() as u16;
    let bottom = (top..rows.len()).find(|&y| buffer[(x, y as u16)].symbol() == "└")?;
    Some(Rect::new(x, top as u16, 76, (bottom - top + 1) as u16))
}

/// The rectangle of the packet pane on this screen, if shown: the field tree and hex dump
/// (annotate::fields' words and the bytes).
fn packet_pane(app: &App) -> Option<Rect> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    match app.screen {
        Screen::Ladder => {
            layout::ladder(area, app.ladder.pane == wirelab::tui::app::Pane::Packet).packet
        }
        Screen::Packets => Some(layout::packets(area).packet),
        _ => None,
    }
}

#[test]
fn chinese_screens_have_no_english_words_of_the_tuis_own() {
    for (w, h) in SIZES {
        for (name, actions) in screens() {
            let app = app(Lang::Zh, (w, h), actions);
            let terminal = render(&app);
            let buffer = terminal.backend().buffer();
            let shown = match help_popup(&app, buffer) {
                // Around the help, the screen under it shows through cut.
                Some(popup) => lines_where(buffer, |x, y| layout::contains(popup, x, y)),
                None => lines(buffer, packet_pane(&app)),
            };
            let text = uncut(&shown.join("\n"));
            let annotate = annotate_text(&app);
            let from_annotate = common::english_words(&annotate, &[]);
            let mut allow: Vec<&str> = ALLOW.to_vec();
            allow.extend(from_annotate.iter().map(String::as_str));
            let english = common::english_words(&text, &allow);
            assert!(
                english.is_empty(),
                "{name} at {w}x{h}: English words {english:?} in\n{text}"
            );
            // The scan sees the screen: Chinese is on it.
            assert!(text.contains("会话") || text.contains("数据包"), "{text}");
        }
    }
}

/// The English screens are the ones tests/tui_snapshots.rs pins: --lang en changes nothing.
#[test]
fn english_stays_the_default() {
    let en = app(Lang::En, (80, 24), vec![]);
    assert_eq!(en.lang, Lang::En);
    let default = App::from_file(&common::capture("tcp-echo.pcap")).unwrap();
    assert_eq!(default.lang, Lang::En);
    let rows = lines(render(&en).backend().buffer(), None);
    assert!(rows[2].contains("client"), "{:?}", rows[2]);
    assert!(
        rows[2]
            .trim_end_matches('│')
            .trim_end()
            .ends_with("pkts c/s")
    );
}

/// Filtering by typing takes the Chinese words the list shows: `/完整` keeps the complete
/// handshake, `/拒绝` keeps none of tcp-echo's.
#[test]
fn the_filter_finds_the_chinese_verdict() {
    let typed = |text: &str| {
        let mut actions = vec![Action::StartFilter];
        actions.extend(text.chars().map(Action::FilterChar));
        app(Lang::Zh, (80, 24), actions).list.visible.len()
    };
    assert_eq!(typed("完整"), 1);
    assert_eq!(typed("被拒绝"), 0);
    assert_eq!(typed("complete"), 1, "English still works");
}
