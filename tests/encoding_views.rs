//! `--encoding` for `lab` and the TUI (issue 13): `read` and `capture` had it; the lab's
//! views and the TUI's ladder previews and packet pane read payload text with it too.

mod common;

use common::{ethernet_pcap, stderr, stdout, wirelab};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wirelab::annotate::text::Encoding;
use wirelab::tui::action::from_key;
use wirelab::tui::app::App;

/// "你好" in GBK: not UTF-8, so it reads as escapes unless the encoding says otherwise.
const NI_HAO_GBK: &[u8] = &[0xc4, 0xe3, 0xba, 0xc3];

fn tcp(from_client: bool, seq: u32, ack: u32, syn: bool, data: &[u8]) -> Vec<u8> {
    let (src, dst, sp, dp) = if from_client {
        ([10, 0, 0, 1], [10, 0, 0, 2], 40000, 7)
    } else {
        ([10, 0, 0, 2], [10, 0, 0, 1], 7, 40000)
    };
    let mut b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
        .ipv4(src, dst, 64)
        .tcp(sp, dp, seq, 65535);
    if syn {
        b = b.syn();
    }
    if ack != 0 {
        b = b.ack(ack);
    }
    let mut frame = Vec::new();
    b.write(&mut frame, data).unwrap();
    frame
}

/// The TUI on a capture whose fourth frame carries GBK text, with `encoding`, at that frame.
fn tui_at_the_data(path: &std::path::Path, encoding: Encoding) -> App {
    let mut app = App::from_file(path).unwrap();
    app.encoding = encoding;
    let mut press = |code| {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(a) = from_key(key, app.key_mode()) {
            app.update(a);
        }
    };
    press(KeyCode::Enter);
    for _ in 0..3 {
        press(KeyCode::Char('j'));
    }
    app
}

#[test]
fn the_tui_reads_payloads_with_the_encoding_in_the_ladder_and_the_packet_pane() {
    let mut data = NI_HAO_GBK.to_vec();
    data.push(b'\n');
    let frames = [
        tcp(true, 100, 0, true, b""),
        tcp(false, 500, 101, true, b""),
        tcp(true, 101, 501, false, b""),
        tcp(true, 101, 501, false, &data),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.pcap");
    ethernet_pcap(&path, &frames, 1_000_000);

    let app = tui_at_the_data(&path, Encoding::Gbk);
    let row = app.current_row().unwrap();
    assert_eq!(row.frame, 4);
    assert_eq!(app.data_preview(&row, 30), "\"你好\\n\"");
    let pane = &app.packet.as_ref().unwrap().fields;
    assert!(
        pane.iter()
            .any(|f| f.text == "payload: 5 bytes \"你好\\n\""),
        "{:?}",
        pane.iter().map(|f| &f.text).collect::<Vec<_>>()
    );

    let app = tui_at_the_data(&path, Encoding::Utf8);
    let row = app.current_row().unwrap();
    let preview = app.data_preview(&row, 30);
    assert!(
        !preview.contains('你'),
        "UTF-8 does not read GBK: {preview}"
    );
}

#[test]
fn tui_and_read_tui_take_encoding_and_refuse_an_unknown_one() {
    let capture = common::capture("tcp-echo.pcap");
    let capture = capture.to_str().unwrap();
    for args in [
        vec!["tui", capture, "--encoding", "gbk"],
        vec!["read", capture, "--tui", "--encoding", "gb18030"],
    ] {
        // No terminal here: the flag is accepted, and the TUI then says it needs one.
        let out = wirelab(&args);
        assert!(
            stderr(&out).contains("terminal"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = wirelab(["tui", capture, "--encoding", "klingon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'klingon'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn lab_reads_its_payload_text_with_the_encoding() {
    if !common::root_or_skip("lab_reads_its_payload_text_with_the_encoding") {
        return;
    }
    // The message is sent as UTF-8; read as Latin-1 its é is two characters.
    let run = |encoding: &str| {
        let out = wirelab([
            "lab",
            "tcp-echo",
            "--message",
            "héllo\n",
            "--color",
            "never",
            "--encoding",
            encoding,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let latin1 = run("latin1");
    assert_eq!(latin1.matches("text: \"hÃ©llo\\n\"").count(), 2, "{latin1}");
    let utf8 = run("utf-8");
    assert_eq!(utf8.matches("text: \"héllo\\n\"").count(), 2, "{utf8}");
}
