//! The TUI's follow pane on text that is not ASCII: a capture written in the test, a TCP
//! conversation carrying UTF-8 Chinese both ways (one character cut between two segments),
//! rendered to ratatui's TestBackend. The characters must be shown as characters, and each
//! screen line must still be as wide as the terminal (wide characters take two columns).

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;
use wirelab::tui::action::Action;
use wirelab::tui::app::{App, Screen};
use wirelab::tui::view::{self, Theme};

/// A handshake, the client's "你好, wirelab\n" in two segments cut inside "好", the
/// server's long Chinese answer, and the teardown's first FIN.
fn chinese_capture(path: &std::path::Path, answer: &str) {
    use etherparse::PacketBuilder;
    let (a, b) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let eth = || PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]);
    let mut frames: Vec<Vec<u8>> = Vec::new();
    let mut seg = |client: bool, seq: u32, ack: u32, syn: bool, payload: &[u8]| {
        let (src, dst, sp, dp) = if client {
            (a, b, 40000, 7)
        } else {
            (b, a, 7, 40000)
        };
        let mut t = eth().ipv4(src, dst, 64).tcp(sp, dp, seq, 65535);
        if syn {
            t = t.syn();
        }
        if ack != 0 {
            t = t.ack(ack);
        }
        let mut v = Vec::new();
        t.write(&mut v, payload).unwrap();
        frames.push(v);
    };
    let hello = "你好, wirelab\n".as_bytes();
    let (c, s) = (100u32, 500u32);
    seg(true, c, 0, true, b"");
    seg(false, s, c + 1, true, b"");
    seg(true, c + 1, s + 1, false, b"");
    seg(true, c + 1, s + 1, false, &hello[..4]);
    seg(true, c + 5, s + 1, false, &hello[4..]);
    let answer = answer.as_bytes();
    let end = c + 1 + hello.len() as u32;
    seg(false, s + 1, end, false, answer);
    common::ethernet_pcap(path, &frames, 1000);
}

fn screen(app: &App) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal
        .draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    let buffer = terminal.backend().buffer();
    // A wide character covers the next cell too: that cell is skipped, so the line reads
    // as a terminal shows it.
    (0..buffer.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                x += u16::try_from(symbol.width().max(1)).unwrap();
            }
            line
        })
        .collect()
}

#[test]
fn chinese_text_is_shown_as_characters_with_wide_characters_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chinese.pcap");
    let answer = "你好！这是服务器的回答，它很长，所以在八十列的终端里要换行才能显示完整。谢谢\n";
    chinese_capture(&path, answer);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = App::from_file(&path).unwrap();
        app.update(Action::Resize(w, h));
        app.update(Action::Follow);
        assert_eq!(app.screen, Screen::Follow);
        let lines = screen(&app);
        let text = lines.join("\n");
        assert!(
            lines.iter().any(|l| l.contains("你好, wirelab")),
            "the cut character is joined:\n{text}"
        );
        assert!(text.contains("client (seq 1):"), "{text}");
        assert!(text.contains("server (seq 1):"), "{text}");
        assert!(text.contains("服务器的回答"), "{text}");
        for l in &lines {
            assert_eq!(
                l.width(),
                usize::from(w),
                "a line as wide as the screen: {l:?}"
            );
        }
        // Each line's right border is in the last column, also after wide characters.
        for l in lines.iter().skip(2).take(usize::from(h) - 4) {
            assert!(l.ends_with('│'), "{l:?}\n{text}");
        }
        // The answer is wrapped at 80 columns, every character of it shown once.
        let shown: String = lines
            .iter()
            .filter_map(|l| l.strip_prefix("│"))
            .map(|l| l.trim_end_matches('│').trim())
            .filter(|l| !l.ends_with(':'))
            .map(|l| {
                l.trim_start_matches(|c: char| c.is_ascii_digit() || c == '▶')
                    .trim()
            })
            .collect();
        assert!(shown.contains(answer.trim_end()), "{shown}\n{text}");
        // Enter on the client's chunk: the frame that carried its first byte.
        app.update(Action::Move(1));
        app.update(Action::Open);
        assert_eq!(app.screen, Screen::Ladder);
        assert_eq!(app.current_row().map(|r| r.frame), Some(4));
    }
}
