//! A TCP segment sent again with different bytes is a finding in every view of `read` (not
//! only in `--follow`): the text line, the JSON packet and conversation records, and the
//! summary's notes; the same bytes again are only a retransmission. The check keeps only
//! unacknowledged bytes, within caps, and says where it stops checking.

mod common;

use std::path::Path;
use std::process::Output;

use common::{ethernet_pcap, packets, stdout, wirelab};
use serde_json::Value;

const CLIENT: [u8; 4] = [10, 0, 0, 1];
const SERVER: [u8; 4] = [10, 0, 0, 2];

/// A TCP segment between CLIENT:40000 and SERVER:80; `flags` among "SAFP".
fn tcp(from_client: bool, seq: u32, ack: u32, flags: &str, data: &[u8]) -> Vec<u8> {
    common::tcp_segment(from_client, 40000, seq, ack, flags, data)
}

/// Handshake, the client's line, the same segment again carrying `again`, the server's ACK.
fn resent(again: &[u8]) -> Vec<Vec<u8>> {
    vec![
        tcp(true, 1000, 0, "S", b""),
        tcp(false, 5000, 1001, "SA", b""),
        tcp(true, 1001, 5001, "A", b""),
        tcp(true, 1001, 5001, "AP", b"hello world\n"),
        tcp(true, 1001, 5001, "AP", again),
        tcp(false, 5001, 1013, "A", b""),
    ]
}

fn read(path: &Path, args: &[&str]) -> Output {
    let mut all = vec!["read", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = wirelab(all);
    assert!(out.status.success(), "{}", common::stderr(&out));
    out
}

/// The analysis kinds of each packet, by frame number.
fn kinds(out: &Output) -> Vec<(u64, Vec<String>)> {
    packets(out)
        .iter()
        .map(|p| {
            let kinds = p["analysis"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|f| f["kind"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (p["frame"].as_u64().unwrap(), kinds)
        })
        .collect()
}

/// The `conn` records of a JSON run.
fn conns(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "conn")
        .collect()
}

fn frames_with(out: &Output, kind: &str) -> Vec<u64> {
    kinds(out)
        .into_iter()
        .filter(|(_, k)| k.iter().any(|k| k == kind))
        .map(|(f, _)| f)
        .collect()
}

#[test]
fn a_retransmission_with_different_bytes_is_an_overlap_conflict_in_text_json_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conflict.pcap");
    // "HELLO" for "hello": five bytes differ.
    ethernet_pcap(&path, &resent(b"HELLO world\n"), 300_000_000);

    let text = stdout(&read(&path, &["--color", "never"]));
    let line5 = text.lines().nth(4).unwrap();
    assert!(
        line5.contains("[overlap conflict: 5 bytes differ]"),
        "frame 5: {line5}"
    );
    assert_eq!(
        text.matches("overlap conflict").count(),
        1,
        "only frame 5: {text}"
    );

    let json = read(&path, &["--json"]);
    assert_eq!(frames_with(&json, "overlap_conflict"), [5]);
    let p5 = packets(&json)
        .into_iter()
        .find(|p| p["frame"] == 5)
        .unwrap();
    let finding = p5["analysis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "overlap_conflict")
        .unwrap()
        .clone();
    assert!(
        finding["reason"]
            .as_str()
            .unwrap()
            .starts_with("conflicting data in segment overlap: 5 of the bytes"),
        "{finding}"
    );
    let conn = &conns(&json)[0];
    assert_eq!(conn["overlap_conflicts"], 1);
    assert_eq!(conn["overlap_unchecked"], 0);

    let summary = stdout(&read(&path, &["--summary"]));
    assert!(
        summary.contains("conversation 1: 1 segment sent again with different bytes"),
        "{summary}"
    );

    // Following the conversation changes nothing of the packet's finding.
    let followed = read(&path, &["--json", "--follow", "1"]);
    let overlaps: Vec<Value> = stdout(&followed)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "overlap")
        .collect();
    assert_eq!(overlaps.len(), 1, "{}", stdout(&followed));
}

#[test]
fn a_retransmission_with_the_same_bytes_is_no_overlap_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("same.pcap");
    ethernet_pcap(&path, &resent(b"hello world\n"), 300_000_000);
    let json = read(&path, &["--json"]);
    assert_eq!(
        frames_with(&json, "retransmission"),
        [5],
        "{:?}",
        kinds(&json)
    );
    assert!(frames_with(&json, "overlap_conflict").is_empty());
    assert_eq!(conns(&json)[0]["overlap_conflicts"], 0);
    let text = stdout(&read(&path, &["--color", "never"]));
    assert!(!text.contains("overlap"), "{text}");
    let summary = stdout(&read(&path, &["--summary"]));
    assert!(!summary.contains("conversation 1:"), "{summary}");
}

/// Bytes sent again after the peer acknowledged them are not compared (the receiver has
/// them; the check keeps only what is unacknowledged).
#[test]
fn bytes_resent_after_their_acknowledgement_are_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acked.pcap");
    let mut frames = resent(b"hello world\n");
    frames.truncate(4);
    frames.push(tcp(false, 5001, 1013, "A", b""));
    frames.push(tcp(true, 1001, 5001, "AP", b"HELLO world\n"));
    ethernet_pcap(&path, &frames, 300_000_000);
    let json = read(&path, &["--json"]);
    // Already acknowledged: tshark's spurious retransmission.
    assert_eq!(frames_with(&json, "spurious_retransmission"), [6]);
    assert!(frames_with(&json, "overlap_conflict").is_empty());
}

/// The server sends 300 segments of 1,000 bytes that the client does not acknowledge:
/// past 256 KiB the check stops for that direction (a finding on the segment that passed
/// the cap, and a count on the conversation), so a differing copy of an early segment goes
/// unchecked, said so rather than silently; once the client acknowledges everything,
/// checking resumes and finds the next conflict.
#[test]
fn past_the_cap_a_huge_unacknowledged_stream_is_said_to_be_unchecked() {
    const SEGMENTS: u32 = 300;
    let mut frames = vec![
        tcp(true, 1000, 0, "S", b""),
        tcp(false, 5000, 1001, "SA", b""),
        tcp(true, 1001, 5001, "A", b""),
    ];
    let chunk = [b'x'; 1000];
    for i in 0..SEGMENTS {
        frames.push(tcp(false, 5001 + i * 1000, 1001, "A", &chunk));
    }
    // An early segment again, with other bytes: not held any more.
    frames.push(tcp(false, 5001, 1001, "A", &[b'y'; 1000]));
    let end = 5001 + SEGMENTS * 1000;
    frames.push(tcp(true, 1001, end, "A", b""));
    frames.push(tcp(false, end, 1001, "AP", b"tail"));
    frames.push(tcp(false, end, 1001, "AP", b"TAIL"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pcap");
    ethernet_pcap(&path, &frames, 1_000_000);

    let json = read(&path, &["--json"]);
    // 262 segments fit in 256 KiB (262,144 bytes); the 263rd is frame 3 + 263.
    assert_eq!(frames_with(&json, "overlap_unchecked"), [266]);
    let last = frames.len() as u64;
    assert_eq!(
        frames_with(&json, "overlap_conflict"),
        [last],
        "the early copy is unchecked; the conflict after the acknowledgement is found"
    );
    let conn = &conns(&json)[0];
    assert_eq!(conn["overlap_unchecked"], 1);
    assert_eq!(conn["overlap_conflicts"], 1);

    let text = stdout(&read(&path, &["--color", "never"]));
    let line = text.lines().nth(265).unwrap();
    assert!(
        line.contains("[overlaps unchecked until acknowledged]"),
        "{line}"
    );
    let summary = stdout(&read(&path, &["--summary"]));
    assert!(summary.contains("overlaps unchecked 1 time"), "{summary}");
}

/// Many connections each with a large unacknowledged stream: what the checks hold together
/// stays under the total cap, and the connections that meet it are told so.
#[test]
fn the_total_cap_bounds_what_all_connections_hold() {
    use wirelab::capture::{LinkType, Timestamp};
    use wirelab::decode::decode;
    use wirelab::track::{Analysis, MAX_UNACKED_TOTAL, Tracker};

    let mut tracker = Tracker::default();
    let chunk = [b'z'; 1400];
    let mut frame_no = 0;
    let mut total_unchecked = 0;
    let mut most = 0;
    // 400 connections x 180 segments x 1,400 bytes = 100 MB unacknowledged, all open.
    for segment in 0..180u32 {
        for port in 0..400u16 {
            frame_no += 1;
            let b = etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
                .ipv4(SERVER, CLIENT, 64)
                .tcp(80, 20_000 + port, 7 + segment * 1400, 65535)
                .ack(1);
            let mut bytes = Vec::new();
            b.write(&mut bytes, &chunk).unwrap();
            let packet = decode(LinkType::ETHERNET, &bytes, bytes.len() as u32);
            let ts = Timestamp {
                secs: 1_700_000_000,
                nanos: 0,
            };
            let info = tracker.track(frame_no, ts, bytes.len() as u32, &packet);
            let analysis = info.and_then(|i| i.tcp).map(|t| t.analysis).unwrap();
            total_unchecked += analysis
                .iter()
                .filter(|a| **a == Analysis::OverlapUnchecked { total: true })
                .count();
            most = most.max(tracker.unacked_allocated());
        }
    }
    assert!(most <= MAX_UNACKED_TOTAL, "{most} bytes held");
    assert!(
        total_unchecked > 0,
        "100 MB unacknowledged cannot all be checked"
    );
}

/// The TUI's explanation of the packet lists the finding with its reason, as `read` does.
#[test]
fn the_tui_explains_the_overlap_conflict_on_its_packet() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use wirelab::annotate::lang::Lang;
    use wirelab::track::Analysis;
    use wirelab::tui::action::from_key;
    use wirelab::tui::app::App;
    use wirelab::tui::explain::explain;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conflict.pcap");
    ethernet_pcap(&path, &resent(b"HELLO world\n"), 300_000_000);
    let mut app = App::from_file(&path).unwrap();
    let mut press = |code| {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(a) = from_key(key, app.key_mode()) {
            app.update(a);
        }
    };
    press(KeyCode::Enter);
    for _ in 0..4 {
        press(KeyCode::Char('j'));
    }
    let (v, row) = (app.current().unwrap(), app.current_row().unwrap());
    assert_eq!(row.frame, 5);
    assert!(
        row.analysis()
            .contains(&Analysis::OverlapConflict { differing: 5 }),
        "{:?}",
        row.analysis()
    );
    let e = explain(&v.conv, &row, app.packet.as_ref().unwrap().raw, Lang::En);
    assert!(
        e.notes
            .iter()
            .any(|n| n.starts_with("conflicting data in segment overlap: 5 of the bytes")),
        "{:?}",
        e.notes
    );
}
