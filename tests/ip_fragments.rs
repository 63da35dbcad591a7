//! IP fragments reassembled, end to end: a capture made here (a UDP datagram cut into three
//! IPv4 fragments with an unrelated datagram between them, a teardrop pair, a fragment
//! whose datagram never completes) read as text, JSON and a timeline.

mod common;

use std::path::Path;

/// An Ethernet frame around `ip`.
fn ethernet(ip: &[u8]) -> Vec<u8> {
    let mut frame = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
    frame.extend_from_slice(ip);
    frame
}

/// `datagram` (an IPv4 packet with a 20-byte header) as fragments of `chunk` payload bytes:
/// total length, MF and offset rewritten by hand (the checksum is not checked by readers).
fn fragments(datagram: &[u8], chunk: usize) -> Vec<Vec<u8>> {
    let (header, payload) = datagram.split_at(20);
    payload
        .chunks(chunk)
        .enumerate()
        .map(|(i, part)| {
            let offset = i * chunk;
            let more = offset + part.len() < payload.len();
            let mut ip = header.to_vec();
            ip[2..4].copy_from_slice(&u16::try_from(20 + part.len()).unwrap().to_be_bytes());
            let field = u16::try_from(offset / 8).unwrap() | if more { 0x2000 } else { 0 };
            ip[6..8].copy_from_slice(&field.to_be_bytes());
            ip.extend_from_slice(part);
            ethernet(&ip)
        })
        .collect()
}

fn udp_datagram(id: u16, sport: u16, payload: &[u8]) -> Vec<u8> {
    let mut ip = Vec::new();
    etherparse::PacketBuilder::ip(etherparse::IpHeaders::Ipv4(
        etherparse::Ipv4Header {
            identification: id,
            time_to_live: 64,
            source: [10, 0, 0, 1],
            destination: [10, 0, 0, 2],
            ..Default::default()
        },
        Default::default(),
    ))
    .udp(sport, 53)
    .write(&mut ip, payload)
    .unwrap();
    ip
}

/// Frames 1, 2, 4: a 3000-byte UDP payload in three fragments (1480, 1480, 48 bytes), frame
/// 3 a whole datagram between them; frames 5 and 6: teardrop, a second fragment starting
/// inside the first with other bytes; frame 7: a first fragment whose rest never comes.
fn write_capture(path: &Path) {
    let big = fragments(&udp_datagram(0x1234, 5000, &[b'a'; 3000]), 1480);
    let whole = ethernet(&udp_datagram(0x1235, 5001, b"hello"));
    let tear = fragments(&udp_datagram(0x2222, 5002, &[b'b'; 40]), 24);
    let mut forged = tear[1].clone();
    // Offset 16 instead of 24, other bytes: 16..23 overlap the first fragment and differ.
    forged[14 + 7] = 2;
    forged[14 + 20..].fill(b'X');
    let lone = fragments(&udp_datagram(0x3333, 5003, &[b'c'; 100]), 48);
    let frames = [
        &big[0], &big[1], &whole, &big[2], &tear[0], &forged, &lone[0],
    ];
    common::ethernet_pcap(path, &frames, 1_000_000);
}

/// The capture, in a directory that lives as long as the first value.
fn capture() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fragments.pcap");
    write_capture(&path);
    let path = path.to_str().expect("a UTF-8 temporary path").to_owned();
    (dir, path)
}

#[test]
fn the_frame_that_completes_a_datagram_shows_its_udp_header_and_the_frames_it_came_from() {
    let (_dir, path) = capture();
    let out = common::wirelab(["read", path.as_str()]);
    let text = common::stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("fragment id=0x1234 offset=0 MF"),
        "{text}"
    );
    assert!(lines[1].contains("offset=1480 MF"), "{text}");
    assert!(lines[3].contains("10.0.0.1:5000 → 10.0.0.2:53"), "{text}");
    assert!(lines[3].contains("UDP len=3000"), "{text}");
    assert!(
        lines[3].contains("[reassembled from frames 1, 2, 4 (3008 bytes)]"),
        "{text}"
    );
}

#[test]
fn teardrop_overlap_and_a_datagram_never_completed_are_flagged() {
    let (_dir, path) = capture();
    let text = common::stdout(&common::wirelab(["read", path.as_str()]));
    let teardrop = text.lines().nth(5).unwrap();
    assert!(
        teardrop
            .contains("[overlapping IP fragments: bytes 16–23 differ (frame 6's copy not used)]"),
        "{text}"
    );
    assert!(teardrop.contains("UDP"), "the overlap completes it: {text}");
    assert!(
        text.contains("IPv4 datagram 10.0.0.1 → 10.0.0.2 id=0x3333 never completed"),
        "{text}"
    );
}

#[test]
fn json_says_which_frames_were_reassembled_and_reports_the_incomplete_datagram() {
    let (_dir, path) = capture();
    let out = common::wirelab(["read", "--json", path.as_str()]);
    let packets = common::packets(&out);
    let done = &packets[3];
    assert_eq!(done["udp"]["sport"], 5000);
    assert_eq!(done["udp"]["len"], 3008);
    assert_eq!(
        done["reassembled"],
        serde_json::json!({"frames": [1, 2, 4], "len": 3008})
    );
    assert!(packets[0]["udp"].is_null() && packets[0]["reassembled"].is_null());
    assert_eq!(
        packets[5]["fragment_findings"][0]["kind"],
        "overlap_differs"
    );
    let incomplete: Vec<serde_json::Value> = common::stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["type"] == "incomplete_datagram")
        .collect();
    assert_eq!(incomplete.len(), 1);
    assert_eq!(incomplete[0]["id"], 0x3333);
    assert_eq!(incomplete[0]["frames"], serde_json::json!([7]));
    assert_eq!(incomplete[0]["reason"], "end_of_input");
}

#[test]
fn the_timeline_shows_the_reassembled_datagram_in_its_conversation() {
    let (_dir, path) = capture();
    let out = common::wirelab(["read", "--timeline", path.as_str()]);
    let text = common::stdout(&out);
    let arrow = text
        .lines()
        .find(|l| l.trim_start().starts_with("4 "))
        .unwrap_or_else(|| panic!("frame 4 in the ladder: {text}"));
    assert!(arrow.contains("UDP len=3000"), "{text}");
}

/// The TUI reads a frame's bytes again to show it, and the completing frame holds only the
/// last fragment: its packet pane (from the ladder and from the packet list) and its packet
/// list line show the datagram's UDP layer and the frames it came from, as `read` does.
#[test]
fn the_tui_shows_the_reassembled_datagram_on_the_frame_that_completes_it() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use wirelab::tui::action::from_key;
    use wirelab::tui::app::App;

    let (_dir, path) = capture();
    let mut app = App::from_file(Path::new(&path)).unwrap();
    let press = |app: &mut App, code| {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(a) = from_key(key, app.key_mode()) {
            app.update(a);
        }
    };
    let label = "reassembled from frames 1, 2, 4 (3008 bytes)";
    let texts = |app: &App| -> Vec<String> {
        app.packet
            .as_ref()
            .unwrap()
            .fields
            .iter()
            .map(|f| f.text.clone())
            .collect()
    };

    // The list line of frame 4, and of frame 1 (a fragment that completed nothing).
    let entry = |n: u64| *app.frames.iter().find(|e| e.frame == n).unwrap();
    let line = app.line_of(&entry(4));
    assert!(line.contains("10.0.0.1:5000 → 10.0.0.2:53"), "{line}");
    assert!(line.ends_with(&format!("[{label}]")), "{line}");
    assert!(!app.line_of(&entry(1)).contains("reassembled"));

    // Conversation 2 (port 5000) has one packet, frame 4: its ladder's packet pane.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_row().unwrap().frame, 4);
    let pane = texts(&app);
    let at = pane.iter().position(|t| t == label).expect("the label");
    assert!(
        pane[at..]
            .iter()
            .any(|t| t.contains("5000") && t.contains("53")),
        "the UDP layer after the label: {pane:#?}"
    );
    assert!(
        pane.iter()
            .any(|t| t.starts_with("payload: 3000 bytes \"aaaa")),
        "the datagram's payload: {pane:#?}"
    );

    // The packet list's pane of frame 4.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('p'));
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(app.packet.as_ref().unwrap().frame, 4);
    assert!(texts(&app).iter().any(|t| t == label), "{:#?}", texts(&app));
}
